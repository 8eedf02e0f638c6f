"""Price-list parsers. `formats` is the entry point (format detection, size check, parse_pricelist);
the YAML loader, the two YAML dialects, the CSV/XLSX reader and the shared offer validation each have a module.
"""
