"""`make bench`: page timings and query counts against a national-scale synthetic register."""
