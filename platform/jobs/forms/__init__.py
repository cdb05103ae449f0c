"""The job desk's forms, one module per part; they parse at the edge through
``core.fields`` and take their limits from the models."""

# other modules
