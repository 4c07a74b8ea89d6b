#pragma once
// Multi-band rasters: Raster (raster.hpp) reads band 1, which silently picks
// one field of a multi-band GeoTIFF or a NetCDF with several variables. These
// checks make the choice explicit.
#include <string>

namespace beibu {

// Number of bands (GDAL); InputError if the file cannot be opened as a raster.
int raster_band_count(const std::string& path);

// InputError naming the file and the band count when it has more than one band
// (select one with "NETCDF:file:var", a VRT, or gdal_translate -b N).
void require_single_band(const std::string& path);

}  // namespace beibu
