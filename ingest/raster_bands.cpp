#include "raster_bands.hpp"

#include <gdal_priv.h>

#include "core/error.hpp"

namespace beibu {

int raster_band_count(const std::string& path) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  CPLPopErrorHandler();
  if (!ds) throw InputError(path, "", "cannot open as a raster");
  const int n = GDALGetRasterCount(ds);
  GDALClose(ds);
  return n;
}

void require_single_band(const std::string& path) {
  const int n = raster_band_count(path);
  if (n != 1)
    throw InputError(
        path, "",
        "has " + std::to_string(n) + " bands; select one (NETCDF:file:variable, a VRT, or gdal_translate -b N)");
}

}  // namespace beibu
