"""What drafts announces to the apps above it, which drafts itself does not know.

Sent inside the transaction that changed the text, so a receiver's writes commit or roll back
with it. Receivers call services; they hold no business rule of their own.
"""

from django.dispatch import Signal

# kwargs: paragraph (locked by the sender), version (the new current ParagraphVersion)
paragraph_revised = Signal()

# kwargs: paragraph (locked by the sender, with its new status), status_change (the audit record)
paragraph_status_changed = Signal()
