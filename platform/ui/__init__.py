"""The toolkit every package's views use, below the domain: role checks
(``ui.decorators``), the Italian 404 for a selector's NotFound
(``ui.shortcuts``), a service's errors at the form's fields (``ui.forms``) and
spreadsheet downloads (``ui.exports``).

It imports only Django and ``core``, so any view may use it; ``web`` (the
shell: home, worklist, navigation, the staff, audit and tenant screens) sits
above the domain and reads the domain's selectors and permissions.
"""
