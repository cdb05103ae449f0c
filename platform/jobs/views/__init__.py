"""The job desk's pages, one module per part; thin: they parse with the forms,
read with the selectors and write with the services."""

# other modules
