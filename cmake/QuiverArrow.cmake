# Finds Arrow C++ 26 (arrow, compute, flight, parquet) and exposes the imported targets
# quiver::arrow, quiver::arrow_compute, quiver::arrow_flight and quiver::parquet, so the rest of
# the build does not care where Arrow came from:
#   1. a system install found by find_package (ArrowFlight and Parquet CMake packages), or
#   2. the pyarrow wheel in QUIVER_PYARROW_DIR (the project venv's site-packages/pyarrow), which
#      ships headers and versioned shared libraries (libarrow.so.2600, ...) but no CMake files.

set(QUIVER_ARROW_SO_VERSION "2600" CACHE STRING "SONAME suffix of the wheel's Arrow libraries")
set(QUIVER_PYARROW_DIR "" CACHE PATH "pyarrow package folder providing Arrow C++")

if(NOT QUIVER_PYARROW_DIR)
  find_package(ArrowFlight 26 CONFIG QUIET)
  find_package(Parquet 26 CONFIG QUIET)
  find_package(ArrowCompute 26 CONFIG QUIET)
endif()

if(ArrowFlight_FOUND AND Parquet_FOUND AND NOT QUIVER_PYARROW_DIR)
  message(STATUS "quiver: using system Arrow C++ ${Arrow_VERSION}")
  add_library(quiver::arrow ALIAS Arrow::arrow_shared)
  if(TARGET ArrowCompute::arrow_compute_shared)
    add_library(quiver::arrow_compute ALIAS ArrowCompute::arrow_compute_shared)
  else()
    add_library(quiver::arrow_compute ALIAS Arrow::arrow_shared)
  endif()
  add_library(quiver::arrow_flight ALIAS ArrowFlight::arrow_flight_shared)
  add_library(quiver::parquet ALIAS Parquet::parquet_shared)
  set(QUIVER_ARROW_LIBDIR "")
  return()
endif()

if(NOT QUIVER_PYARROW_DIR)
  set(QUIVER_PYTHON "${CMAKE_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH
      "Python whose pyarrow provides Arrow C++ when the system has none")
  if(EXISTS "${QUIVER_PYTHON}")
    execute_process(
      COMMAND "${QUIVER_PYTHON}" -c "import os, pyarrow; print(os.path.dirname(pyarrow.__file__))"
      OUTPUT_VARIABLE _pyarrow_dir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
    if(_rc EQUAL 0)
      set(QUIVER_PYARROW_DIR "${_pyarrow_dir}" CACHE PATH "" FORCE)
    endif()
  endif()
endif()
if(NOT QUIVER_PYARROW_DIR OR NOT EXISTS "${QUIVER_PYARROW_DIR}/include/arrow/api.h")
  message(FATAL_ERROR
    "quiver: no system Arrow C++ 26 and no pyarrow wheel; run scripts/bootstrap.sh and pass "
    "-DQUIVER_PYARROW_DIR=<venv>/lib/python3.X/site-packages/pyarrow")
endif()
message(STATUS "quiver: using Arrow C++ from the pyarrow wheel at ${QUIVER_PYARROW_DIR}")
set(QUIVER_ARROW_LIBDIR "${QUIVER_PYARROW_DIR}")

function(quiver_wheel_library target file)
  set(path "${QUIVER_PYARROW_DIR}/${file}.so.${QUIVER_ARROW_SO_VERSION}")
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "quiver: ${path} is missing from the pyarrow wheel")
  endif()
  add_library(${target} SHARED IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${path}"
    INTERFACE_INCLUDE_DIRECTORIES "${QUIVER_PYARROW_DIR}/include")
endfunction()

quiver_wheel_library(quiver::arrow libarrow)
quiver_wheel_library(quiver::arrow_compute libarrow_compute)
quiver_wheel_library(quiver::arrow_flight libarrow_flight)
quiver_wheel_library(quiver::parquet libparquet)
