"""Error pages: JSON in the API's shape under /api/, Italian pages elsewhere."""

from django.shortcuts import render

from api.errors import json_404, json_500


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return json_404(request, exception)
    return render(request, "web/404.html", status=404)


def handler500(request):
    if request.path.startswith("/api/"):
        return json_500(request)
    return render(request, "web/500.html", status=500)
