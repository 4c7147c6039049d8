"""Listens to what drafts announces and calls the consultations services; no rules here."""

from django.dispatch import receiver

from consultations import services
from drafts.signals import paragraph_revised


@receiver(paragraph_revised, dispatch_uid="consultations.mark_conflicting_proposals")
def recheck_pending_proposals(sender, *, paragraph, version, **kwargs):
    services.mark_conflicting_proposals(paragraph=paragraph, version=version)
