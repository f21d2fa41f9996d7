"""One date style on every screen: "3 Dec 2026" (day, short month, year) and "3 Dec 2026 14:05".

Screens use ``{{ value|date }}`` (DATE_FORMAT) or ``{{ value }}``; documents a tenant reads (letters,
the printed plan, the partner's and the tenant's own pages) write the month in full,
``|date:"j F Y"``, because that reads easier (B1).
"""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
