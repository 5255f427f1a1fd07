// DatasetsTests
