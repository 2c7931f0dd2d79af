"""Records out to files (CSV, XLSX) for download and templates. Imports only domain."""
