"""Listens to what drafts announces and calls the consultations services; no rules here."""

from django.dispatch import receiver

from consultations import services
from consultations.services import notifications
from drafts.signals import paragraph_revised, paragraph_status_changed


@receiver(paragraph_revised, dispatch_uid="consultations.mark_conflicting_proposals")
def recheck_pending_proposals(sender, *, paragraph, version, **kwargs):
    services.mark_conflicting_proposals(paragraph=paragraph, version=version)


@receiver(paragraph_status_changed, dispatch_uid="consultations.tell_followers_of_status")
def tell_followers_of_status(sender, *, paragraph, status_change, **kwargs):
    notifications.paragraph_status_changed(paragraph=paragraph, status_change=status_change)
