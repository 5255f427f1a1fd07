// Datasets: seeded generators, the shipped digits and iris, and file loaders (CSV, IDX, .npy).
