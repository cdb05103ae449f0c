"""Reads of the job desk, one module per part, every read scoped by who asks
(``NotFound`` for missing and forbidden alike)."""

# other modules
