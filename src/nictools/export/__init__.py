"""`nic export`: the network as tidy tables for Excel, R and pandas, and change packages.

* `tables.py`         -- the tidy tables as plain rows plus column specs (one source for every format);
* `source.py`         -- what is exported: the working tree or the network at a past date or revision,
                         and the history's events when the folder is a git repository;
* `output.py`         -- where it goes: default names, refusing to overwrite, atomic files and folders;
* `write_csv.py`      -- a folder of CSV files with README.txt and a Frictionless datapackage.json;
* `write_xlsx.py`     -- one workbook, a sheet per table (openpyxl, imported only here);
* `write_sqlite.py`   -- one SQLite file with types, keys and a `meta` table (stdlib sqlite3);
* `change_package.py` -- one change idea's evidence card and materials as a shareable folder;
* `run.py`            -- `export_tables(...)` and `export_change_package(...)`: the library face.

Every count that leaves the network goes through `nictools.reports.privacy.mask_count`.
Nothing here prints or exits.
"""
