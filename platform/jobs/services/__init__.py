"""Writes of the job desk, one module per part (import the module:
``from jobs.services import vacancies``):

- ``employers``: employers, their seats, contacts, consents, conventions;
- ``needs``: staffing needs from the public form, their review and conversion;
- ``vacancies``: vacancies and their lifecycle (explicit transitions table);
- ``authorisation``: the counter's authorisation to intermediate.

Every service takes typed, keyword-only values and ``acting_user``, checked
through ``jobs.permissions`` (the public need form is the documented
anonymous exception).
"""

# other modules
