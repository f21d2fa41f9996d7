"""Database helpers shared by the apps (no models): a list of ids sent as one query parameter
(``ids``) and queries compiled once per connection (``prepared``). Issue 16: the worklist, the
access rule and the household page use them."""
