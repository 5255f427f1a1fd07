// Notebook: lessons as literate .cajal files run cell by cell, and their export.
