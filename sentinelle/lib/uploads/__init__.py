"""Uploaded files: checked by what they contain, cleaned of what they hide, and
stored so that nothing acknowledged is lost and nothing half-written stays.

- `detect`: the kind of a file, from its first bytes (never its name).
- `clean`: checking an upload (`validate_attachment`, `AttachmentField`: the size,
  the kind, the dimensions of a picture, the archive of an office document) and
  cleaning it of its metadata, done together so that a file that cannot be
  cleaned is refused with the form's other messages.
- `store`: writing the cleaned file under `quarantine/` and moving it to its
  final name once the transaction that records it has committed (`Batch`).
"""
