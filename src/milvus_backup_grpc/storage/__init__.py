"""Object storage backends behind one small interface (``base.ObjectStorage``)."""
