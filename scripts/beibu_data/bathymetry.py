"""ETOPO5 subset (ferret-datasets etopo5.cdf) written as CF-1.8 NetCDF."""
import os

import netCDF4
import numpy as np

LON_RANGE = (105.0, 112.5)
LAT_RANGE = (16.5, 23.0)


def build_bathymetry(src, dst, package_version):
    with netCDF4.Dataset(src) as ds:
        # the stored axes drift from the nominal 5' spacing (float rounding,
        # up to 0.001 deg at 105E): snap them to exact multiples of 1/12 deg
        lon_raw = ds.variables["ETOPO05_X"][:].astype("f8")
        lat_raw = ds.variables["ETOPO05_Y"][:].astype("f8")
        lon = np.round(lon_raw * 12.0) / 12.0
        lat = np.round(lat_raw * 12.0) / 12.0
        ix = np.nonzero((lon >= LON_RANGE[0] - 1e-9) & (lon <= LON_RANGE[1] + 1e-9))[0]
        iy = np.nonzero((lat >= LAT_RANGE[0] - 1e-9) & (lat <= LAT_RANGE[1] + 1e-9))[0]
        v = ds.variables["ROSE"]
        v.set_auto_mask(False)
        z = v[iy.min():iy.max() + 1, ix.min():ix.max() + 1].astype("f4")
        fill = np.float32(v.getncattr("_FillValue"))
        src_hist = ds.getncattr("history")
    sx = slice(ix.min(), ix.max() + 1)
    sy = slice(iy.min(), iy.max() + 1)
    drift = max(float(np.abs(lon[sx] - lon_raw[sx]).max()),
                float(np.abs(lat[sy] - lat_raw[sy]).max()))
    lon = lon[ix.min():ix.max() + 1]
    lat = lat[iy.min():iy.max() + 1]
    if lat[0] > lat[-1]:
        lat = lat[::-1]
        z = z[::-1, :]
    has_fill = bool(np.any(z == fill) or np.any(~np.isfinite(z)))
    # whole metres: ETOPO5 is stored in integer metres
    z = np.where(np.isfinite(z), np.round(z), fill).astype("f4")

    tmp = dst + ".tmp"
    # NetCDF-3 (classic) output is byte-for-byte reproducible (no HDF5
    # object timestamps) and tiny at this size.
    with netCDF4.Dataset(tmp, "w", format="NETCDF3_CLASSIC") as out:
        out.Conventions = "CF-1.8"
        out.title = "Beibu Gulf bathymetry/topography, ETOPO5 (5 arc-minute) subset"
        out.institution = "beibu project (derived data)"
        out.source = ("ETOPO5 5-minute gridded elevation (NOAA NGDC, 1988), file "
                      "/usr/share/ferret-vis/data/etopo5.cdf from the Debian package "
                      "ferret-datasets %s (variable ROSE)" % package_version)
        out.history = ("subset to lon %g..%g, lat %g..%g by scripts/make-beibu-data "
                       "(scripts/beibu_data/bathymetry.py); source history: %s"
                       % (LON_RANGE + LAT_RANGE + (src_hist,)))
        out.comment = ("Coordinates snapped to exact multiples of 1/12 degree (the source "
                       "file's float axes drift by up to %.4f deg from the nominal 5' grid). "
                       "Positive up (land > 0, sea floor < 0), metres relative to mean sea "
                       "level.  5' (~9 km) resolution: coastal bays (Maowei Sea, Qinzhou, "
                       "Lianzhou, Tieshan bays) are not resolved; ETOPO5 shallow-water "
                       "values are known to be unreliable.  Consumers must clamp and "
                       "smooth depths near the coast." % drift)
        out.references = "Data Announcement 88-MGG-02, Digital relief of the Surface of the Earth, NOAA NGDC, Boulder, 1988"
        out.geospatial_lon_min = float(lon[0])
        out.geospatial_lon_max = float(lon[-1])
        out.geospatial_lat_min = float(lat[0])
        out.geospatial_lat_max = float(lat[-1])
        out.createDimension("lat", len(lat))
        out.createDimension("lon", len(lon))
        vlat = out.createVariable("lat", "f8", ("lat",))
        vlat.standard_name = "latitude"
        vlat.long_name = "latitude"
        vlat.units = "degrees_north"
        vlat.axis = "Y"
        vlat[:] = lat
        vlon = out.createVariable("lon", "f8", ("lon",))
        vlon.standard_name = "longitude"
        vlon.long_name = "longitude"
        vlon.units = "degrees_east"
        vlon.axis = "X"
        vlon[:] = lon
        kw = {"fill_value": fill} if has_fill else {}
        ve = out.createVariable("elevation", "f4", ("lat", "lon"), **kw)
        ve.standard_name = "height_above_mean_sea_level"
        ve.long_name = "elevation relative to mean sea level (positive up)"
        ve.units = "m"
        ve.positive = "up"
        ve.grid_mapping = "crs"
        ve.set_auto_mask(False)
        ve[:] = z
        crs = out.createVariable("crs", "i4")
        crs.grid_mapping_name = "latitude_longitude"
        crs.longitude_of_prime_meridian = 0.0
        crs.semi_major_axis = 6378137.0
        crs.inverse_flattening = 298.257223563
        crs.crs_wkt = ('GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",'
                       '6378137,298.257223563]],CS[ellipsoidal,2],AXIS["latitude",north],'
                       'AXIS["longitude",east],ANGLEUNIT["degree",0.0174532925199433],'
                       'ID["EPSG",4326]]')
    os.replace(tmp, dst)
    return {"nlon": len(lon), "nlat": len(lat), "zmin": float(z.min()),
            "zmax": float(z.max()), "has_fill": has_fill,
            "lon0": float(lon[0]), "lon1": float(lon[-1]),
            "lat0": float(lat[0]), "lat1": float(lat[-1]), "axis_drift_deg": drift}
