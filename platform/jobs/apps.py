from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Sportello Lavoro"

    def ready(self):
        # A withdrawn consent to the job exchange removes the person's anonymous
        # profile from the rete delle reti in the same transaction.
        from jobs import publishing
        from people.signals import consent_withdrawn

        consent_withdrawn.connect(publishing.on_consent_withdrawn,
                                  dispatch_uid="jobs.publishing.on_consent_withdrawn")
        # A withdrawn consent «trasmissione» cancels or closes the CV's conferral.
        from jobs.services import conferral

        consent_withdrawn.connect(conferral.on_consent_withdrawn,
                                  dispatch_uid="jobs.services.conferral.on_consent_withdrawn")
