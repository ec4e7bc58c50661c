"""Pure extraction stages: bytes or text in, records out; reads only its own catalogues."""
