"""Shop API views by area (catalogue, cart, contacts, orders, supplier): thin, one service or selector each."""
