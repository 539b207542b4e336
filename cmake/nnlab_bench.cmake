# Benchmarks (DESIGN.md §5): Google Benchmark programs, bench/NN_topic/*_bench.cpp.
#
# Included by nnlab_chapter.cmake at the top level: finds Google Benchmark and (NNLAB_TORCH)
# libtorch once. nnlab_add_benches(), called at the end of nnlab_add_chapter, then compiles
# each bench/NN_topic/<stem>_bench.cpp once per variant, because student and reference define
# the same symbols and one program cannot hold both:
#
#   bin/bench/NN_topic/<stem>-solution   links <topic>_solution, NNLAB_BENCH_SOLUTION=1: the
#                                        naive loops, the reference, libtorch
#                                        (NNLAB_BENCH_TORCH=1), cuBLAS and the D2D-copy ceiling
#   bin/bench/NN_topic/<stem>-exercise   links <topic>_exercise, NNLAB_BENCH_SOLUTION=0: the
#                                        student's rows only
#
# Files named *_cuda_bench.cpp are built only with CUDA. Bench programs are not part of `all`:
# `./nnlab bench`, `./nnlab grade --perf` and the self-test build them (targets
# <topic>_benches and nnlab_benches). Each is recorded in build/nnlab_index.json as
# {"kind": "bench", "chapter", "variant", "target", "path", "source", "gpu"}.

set(NNLAB_TORCH AUTO CACHE STRING "libtorch rows in the benchmarks: AUTO (when found), ON or OFF")
set_property(CACHE NNLAB_TORCH PROPERTY STRINGS AUTO ON OFF)

set(NNLAB_HAVE_BENCH OFF)
set(NNLAB_HAVE_TORCH OFF)
if(NNLAB_BUILD_BENCH)
  find_package(benchmark QUIET)
  if(benchmark_FOUND)
    set(NNLAB_HAVE_BENCH ON)
  else()
    message(WARNING "NNLAB_BUILD_BENCH is on but Google Benchmark was not found "
                    "(Debian: libbenchmark-dev): no benchmarks")
  endif()
endif()

# libtorch is optional: Debian's libtorch-dev installs TorchConfig.cmake in a default prefix.
# Found inside a function so that its many variables stay out of the top-level scope; its
# imported targets are directory-scoped and this runs at the top level, so every chapter
# sees them.
function(nnlab_find_torch)
  if(NNLAB_TORCH STREQUAL "OFF")
    return()
  endif()
  if(NNLAB_TORCH STREQUAL "ON")
    find_package(Torch REQUIRED)
  else()
    find_package(Torch QUIET)
  endif()
  if(Torch_FOUND OR TORCH_FOUND)
    set(NNLAB_HAVE_TORCH ON PARENT_SCOPE)
    set(NNLAB_TORCH_LIBRARIES "${TORCH_LIBRARIES}" PARENT_SCOPE)
    set(NNLAB_TORCH_VERSION "${Torch_VERSION}" PARENT_SCOPE)
  endif()
endfunction()
if(NNLAB_HAVE_BENCH)
  nnlab_find_torch()
  message(STATUS "nnlab: benchmarks ON (Google Benchmark ${benchmark_VERSION}), "
                 "libtorch rows ${NNLAB_HAVE_TORCH} ${NNLAB_TORCH_VERSION}")
endif()

# The main() every bench program shares (bench/common/bench_main.cpp): threads, context, run.
# Made on first use, after nnlab::common exists. Two flavours: with libtorch (solution
# programs, which have libtorch rows) and without.
function(nnlab_bench_support)
  if(TARGET nnlab_bench_main)
    return()
  endif()
  set(dir ${NNLAB_ROOT}/bench/common)
  set(NNLAB_BENCH_BENCHMARK_VERSION "${benchmark_VERSION}")
  set(NNLAB_BENCH_TORCH_VERSION "${NNLAB_TORCH_VERSION}")
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  string(STRIP "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}}" NNLAB_BENCH_CXX_FLAGS)
  set(NNLAB_BENCH_CUDA_COMPILER "")
  if(NNLAB_HAVE_CUDA)
    set(NNLAB_BENCH_CUDA_COMPILER "${CMAKE_CUDA_COMPILER_ID} ${CMAKE_CUDA_COMPILER_VERSION}")
  endif()
  # A generated header, not -D flags: every target keeps sharing the one precompiled header.
  configure_file(${dir}/bench_config.hpp.in
                 ${PROJECT_BINARY_DIR}/bench/generated/nnlab_bench_config.hpp @ONLY)

  set(flavours plain)
  if(NNLAB_HAVE_TORCH)
    list(APPEND flavours torch)
  endif()
  foreach(flavour IN LISTS flavours)
    set(lib nnlab_bench_main)
    if(flavour STREQUAL "torch")
      set(lib nnlab_bench_main_torch)
    endif()
    add_library(${lib} STATIC ${dir}/bench_main.cpp)
    target_include_directories(${lib} PUBLIC ${dir}/include ${PROJECT_BINARY_DIR}/bench/generated)
    target_link_libraries(${lib} PUBLIC benchmark::benchmark nnlab::common)
    if(NNLAB_HAVE_CUDA)
      target_link_libraries(${lib} PUBLIC nnlab::gpu)
      target_compile_definitions(${lib} PRIVATE NNLAB_BENCH_CUDA=1)
    endif()
    if(flavour STREQUAL "torch")
      target_link_libraries(${lib} PUBLIC ${NNLAB_TORCH_LIBRARIES})
      target_compile_definitions(${lib} PRIVATE NNLAB_BENCH_TORCH=1)
    endif()
  endforeach()
  add_custom_target(nnlab_benches)
endfunction()

# nnlab_add_benches(NN_topic topic "exercise;solution")
function(nnlab_add_benches chapter topic variants)
  if(NOT NNLAB_HAVE_BENCH)
    return()
  endif()
  file(GLOB sources CONFIGURE_DEPENDS ${NNLAB_ROOT}/bench/${chapter}/*_bench.cpp)
  if(NOT sources)
    return()
  endif()
  nnlab_bench_support()
  add_custom_target(${topic}_benches)
  add_dependencies(nnlab_benches ${topic}_benches)
  foreach(src IN LISTS sources)
    get_filename_component(stem ${src} NAME_WE)
    get_filename_component(fname ${src} NAME)
    set(gpu false)
    if(stem MATCHES "_cuda_bench$")
      if(NOT NNLAB_HAVE_CUDA)
        continue()
      endif()
      set(gpu true)
    endif()
    foreach(variant IN LISTS variants)
      set(exe ${topic}_${stem}_${variant})
      add_executable(${exe} ${src})
      set(solution 0)
      set(torch 0)
      set(main nnlab_bench_main)
      if(variant STREQUAL "solution")
        set(solution 1)
        if(NNLAB_HAVE_TORCH)
          set(torch 1)
          set(main nnlab_bench_main_torch)
        endif()
      endif()
      target_compile_definitions(${exe} PRIVATE NNLAB_BENCH_SOLUTION=${solution}
                                                NNLAB_BENCH_TORCH=${torch})
      target_link_libraries(${exe} PRIVATE ${topic}_${variant} ${main})
      if(gpu)
        target_link_libraries(${exe} PRIVATE CUDA::cublas)
      endif()
      # libtorch's -D_GLIBCXX_USE_CXX11_ABI=1 would make GCC refuse the shared PCH.
      if(NOT torch)
        nnlab_use_pch(${exe})
      endif()
      set_target_properties(${exe} PROPERTIES
        OUTPUT_NAME ${stem}-${variant}
        RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin/bench/${chapter})
      add_dependencies(${topic}_benches ${exe})
      nnlab_index_add("{\"kind\": \"bench\", \"chapter\": \"${chapter}\", \"variant\": \"${variant}\", \"target\": \"${exe}\", \"path\": \"$<TARGET_FILE:${exe}>\", \"source\": \"bench/${chapter}/${fname}\", \"gpu\": ${gpu}}")
    endforeach()
  endforeach()
endfunction()
