from django.core.management.base import BaseCommand

from config import demo


class Command(BaseCommand):
    help = "Crea (una volta sola) gli utenti nazionali e i quattro enti dimostrativi."

    def handle(self, *args, **options):
        for login in demo.seed():
            self.stdout.write(f"{login.where:12} {login.email:40} {login.role}")
