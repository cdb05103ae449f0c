"""Role checks for views: an anonymous user goes to the login page, a
logged-in user without the role gets the Italian 403 page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


def role_required(predicate):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                return render(request, "web/403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
