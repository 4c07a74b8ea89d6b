#pragma once
// The mesh as a UGRID-1.0 / CF-1.8 NetCDF file (opens in ncdump, GDAL, xarray,
// QGIS/MDAL): node lon/lat and projected x/y, face-node, edge-node, edge-face
// and face-edge connectivity, edge boundary type, face depth, jurisdiction, zone.
#include <string>

#include "mesh.hpp"

namespace beibu {

// Written to a temporary name and renamed when complete.
void write_ugrid(const Mesh& m, const std::string& path, const std::string& title);

// Throws InputError naming the file and variable for anything missing or inconsistent.
Mesh read_ugrid(const std::string& path);

// Adds the UGRID topology, coordinates and CRS to a file in define mode (also
// used by the output writers so every map file is a self-contained UGRID file).
class NcFile;
void define_ugrid(NcFile& nc, const Mesh& m);
void write_ugrid_data(NcFile& nc, const Mesh& m);

// The attributes that place a face variable of such a file on the mesh: mesh,
// location = face, coordinates (face lon/lat) and grid_mapping = crs (EPSG:4326).
void put_face_attributes(NcFile& nc, const std::string& var);

}  // namespace beibu
