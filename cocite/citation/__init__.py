"""Citation styles: render a record's source the way a given publication cites it."""
