# Ingest sources beyond the foundation's (see CMakeLists.txt): CF time and grids,
# stations, units, QC and model skill.
set(BEIBU_INGEST_SOURCES
  cf_time.cpp
  cf_grid.cpp
  nc_util.cpp
  units.cpp
  csv_reader.cpp
  stations.cpp
  observations_csv.cpp
  qc.cpp
  skill.cpp
  raster_bands.cpp
)
