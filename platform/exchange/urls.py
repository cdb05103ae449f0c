from django.urls import path

from exchange import views

app_name = "exchange"

# The national site: anyone browses.
urlpatterns = [
    path("rete-delle-reti/", views.search, name="search"),
    path("rete-delle-reti/<int:entry_id>/", views.entry_detail, name="entry"),
]

# A counter's site: browsing too, and its staff's side of the exchange.
tenant_urlpatterns = [
    *urlpatterns,
    path("rete-delle-reti/<int:entry_id>/contatto/", views.contact, name="contact"),
    path("rete-delle-reti/sportello/", views.own_entries, name="own_entries"),
    path("rete-delle-reti/sportello/<int:entry_id>/ritira/", views.withdraw, name="withdraw"),
    path("rete-delle-reti/richieste/", views.requests, name="requests"),
    path("rete-delle-reti/richieste/<int:request_id>/", views.request_detail, name="request"),
]
