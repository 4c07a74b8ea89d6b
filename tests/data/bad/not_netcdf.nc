CDF but not really a netcdf file
