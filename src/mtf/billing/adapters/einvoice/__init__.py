"""E-invoices: UBL 2.1 and Factur-X (CII, EN 16931) from the figures the PDF prints."""
