"""How a publication dates its text: "Status as of 17 April 2014, COB".

Pure: no Django import. The caller gives the local time (in the process's time zone).
"""

from datetime import datetime

# "Close of business": the secretariat's end of the working day in the room.
CLOSE_OF_BUSINESS_HOUR = 18


def status_as_of(local: datetime, *, close_of_business: bool) -> str:
    """`close_of_business` prints "COB"; otherwise the exact local time ("15:30")."""
    day = f"{local.day} {local:%B %Y}"
    when = "COB" if close_of_business else f"{local:%H:%M}"
    return f"Status as of {day}, {when}"
