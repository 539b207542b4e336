# nnlab_add_chapter(NN_topic [DEPENDS NN_other ...])
#
# Defines, for chapter NN_topic (topic = the name after the number):
#   <topic>_contract     INTERFACE: the chapter's headers and what they need
#   <topic>_exercise     provided src/ + the student's exercises/
#   <topic>_solution     provided src/ + solutions/NN_topic/ (when that folder exists)
#   one test executable per exercise and variant, built from the same test object file:
#     bin/tests/NN_topic/<stem>_test-<variant>, registered with CTest under the labels
#     <variant>, NN_topic and the exercise id
#   one demo executable per examples/*.cpp and variant: bin/demos/<name>-<variant>
#   <topic>_exercise_tests / <topic>_solution_tests: everything of one variant
# and records all of it in build/nnlab_index.json for the nnlab tool.
#
# The exercise variant links the *solution* libraries of the chapters it depends on
# (NNLAB_CHAIN=exercise links the student's own instead); the solution variant always links
# solutions.

set(NNLAB_ROOT ${CMAKE_CURRENT_LIST_DIR}/..)
include(${CMAKE_CURRENT_LIST_DIR}/nnlab_bench.cmake)  # nnlab_add_benches
include(${CMAKE_CURRENT_LIST_DIR}/nnlab_cudnn.cmake)  # NNLAB_HAVE_CUDNN, nnlab::cudnn

# Every C++ target reuses one precompiled header (xtensor, GoogleTest): the single biggest
# saving in build time. nnlab_pch is defined in common/CMakeLists.txt.
function(nnlab_use_pch target)
  target_precompile_headers(${target} REUSE_FROM nnlab_pch)
endfunction()

function(nnlab_index_add json)
  set_property(GLOBAL APPEND PROPERTY NNLAB_INDEX_ENTRIES "${json}")
endfunction()

function(nnlab_add_chapter chapter)
  cmake_parse_arguments(PARSE_ARGV 1 CH "" "" "DEPENDS")
  string(REGEX REPLACE "^[0-9]+_" "" topic "${chapter}")
  set(dir ${NNLAB_ROOT}/chapters/${chapter})
  set(soldir ${NNLAB_ROOT}/solutions/${chapter})
  set(testdir ${NNLAB_ROOT}/tests/${chapter})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/exercises.json)

  # ---- the contract and the two library variants ----------------------------------------
  add_library(${topic}_contract INTERFACE)
  target_include_directories(${topic}_contract INTERFACE ${dir}/include)
  target_link_libraries(${topic}_contract INTERFACE nnlab::common)
  if(NNLAB_HAVE_CUDA)
    target_link_libraries(${topic}_contract INTERFACE nnlab::gpu)
    # Provided code named src/*cudnn*.cu wraps cuDNN (nnlab_cudnn.cmake): link it when found.
    file(GLOB cudnn_sources ${dir}/src/*cudnn*.cu)
    if(cudnn_sources AND NNLAB_HAVE_CUDNN)
      target_link_libraries(${topic}_contract INTERFACE nnlab::cudnn)
    endif()
  endif()
  foreach(dep IN LISTS CH_DEPENDS)
    string(REGEX REPLACE "^[0-9]+_" "" dep_topic "${dep}")
    target_link_libraries(${topic}_contract INTERFACE ${dep_topic}_contract)
  endforeach()

  file(GLOB provided CONFIGURE_DEPENDS ${dir}/src/*.cpp)
  file(GLOB stubs CONFIGURE_DEPENDS ${dir}/exercises/*.cpp)
  file(GLOB solutions CONFIGURE_DEPENDS ${soldir}/*.cpp)
  if(NNLAB_HAVE_CUDA)
    file(GLOB cu_provided CONFIGURE_DEPENDS ${dir}/src/*.cu)
    list(APPEND provided ${cu_provided})
    file(GLOB cu_stubs CONFIGURE_DEPENDS ${dir}/exercises/*.cu)
    file(GLOB cu_solutions CONFIGURE_DEPENDS ${soldir}/*.cu)
    list(APPEND stubs ${cu_stubs})
    list(APPEND solutions ${cu_solutions})
  endif()

  set(variants exercise)
  if(EXISTS ${soldir})
    list(APPEND variants solution)
  endif()
  if(provided)
    add_library(${topic}_provided OBJECT ${provided})
    target_link_libraries(${topic}_provided PUBLIC ${topic}_contract)
    nnlab_use_pch(${topic}_provided)
  endif()
  foreach(variant IN LISTS variants)
    set(lib ${topic}_${variant})
    if(variant STREQUAL "exercise")
      add_library(${lib} STATIC ${stubs})
    else()
      add_library(${lib} STATIC ${solutions})
    endif()
    if(provided)
      target_sources(${lib} PRIVATE $<TARGET_OBJECTS:${topic}_provided>)
    endif()
    target_link_libraries(${lib} PUBLIC ${topic}_contract)
    foreach(dep IN LISTS CH_DEPENDS)
      string(REGEX REPLACE "^[0-9]+_" "" dep_topic "${dep}")
      if(variant STREQUAL "exercise" AND NNLAB_CHAIN STREQUAL "exercise")
        target_link_libraries(${lib} PUBLIC ${dep_topic}_exercise)
      else()
        target_link_libraries(${lib} PUBLIC ${dep_topic}_solution)
      endif()
    endforeach()
    nnlab_use_pch(${lib})
    add_custom_target(${topic}_${variant}_tests)
  endforeach()
  string(REPLACE ";" "\", \"" variants_json "${variants}")
  nnlab_index_add("{\"kind\": \"chapter\", \"chapter\": \"${chapter}\", \"topic\": \"${topic}\", \"variants\": [\"${variants_json}\"]}")

  # ---- tests: one executable per test file and variant ------------------------------------
  file(READ ${dir}/exercises.json manifest)
  string(JSON count LENGTH "${manifest}" exercises)
  set(exercise_of_test "")
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON id GET "${manifest}" exercises ${i} id)
      string(JSON file GET "${manifest}" exercises ${i} file)
      get_filename_component(stem ${file} NAME_WE)
      if(NOT EXISTS ${dir}/${file})
        message(FATAL_ERROR "${chapter}/exercises.json: exercise ${id} names ${file}, which does not exist")
      endif()
      if(NOT EXISTS ${testdir}/${stem}_test.cpp)
        message(FATAL_ERROR "${chapter}: exercise ${id} has no test file tests/${chapter}/${stem}_test.cpp")
      endif()
      if(file MATCHES "\\.cu$" AND NOT NNLAB_HAVE_CUDA)
        nnlab_index_add("{\"kind\": \"unavailable\", \"chapter\": \"${chapter}\", \"exercise\": \"${id}\", \"reason\": \"built without CUDA\"}")
        list(APPEND skipped_tests ${stem}_test.cpp)
        continue()
      endif()
      list(APPEND exercise_of_test "${stem}_test.cpp=${id}")
    endforeach()
  endif()

  file(GLOB test_sources CONFIGURE_DEPENDS ${testdir}/*_test.cpp)
  foreach(src IN LISTS test_sources)
    get_filename_component(fname ${src} NAME)
    get_filename_component(stem ${src} NAME_WE)
    # *_cuda_test.cpp of provided CUDA code (no exercise) needs CUDA too.
    if(fname IN_LIST skipped_tests OR (stem MATCHES "_cuda_test$" AND NOT NNLAB_HAVE_CUDA))
      continue()
    endif()
    set(id "")
    foreach(pair IN LISTS exercise_of_test)
      if(pair MATCHES "^${fname}=(.*)$")
        set(id ${CMAKE_MATCH_1})
      endif()
    endforeach()
    set(obj ${topic}_${stem}_obj)
    add_library(${obj} OBJECT ${src})
    target_link_libraries(${obj} PUBLIC ${topic}_contract nnlab::testing)
    nnlab_use_pch(${obj})
    # Tests of provided code (no exercise id) run against the solution variant only.
    set(test_variants ${variants})
    if(id STREQUAL "")
      set(test_variants solution)
    endif()
    foreach(variant IN LISTS test_variants)
      if(NOT variant IN_LIST variants)
        continue()
      endif()
      set(exe ${topic}_${stem}_${variant})
      add_executable(${exe} $<TARGET_OBJECTS:${obj}>)
      target_link_libraries(${exe} PRIVATE ${topic}_${variant} nnlab::testing_main)
      set_target_properties(${exe} PROPERTIES
        OUTPUT_NAME ${stem}-${variant}
        RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin/tests/${chapter})
      add_dependencies(${topic}_${variant}_tests ${exe})
      add_test(NAME ${chapter}/${stem}/${variant} COMMAND ${exe})
      set_tests_properties(${chapter}/${stem}/${variant} PROPERTIES
        LABELS "${variant};${chapter};${id}" ENVIRONMENT "OPENBLAS_NUM_THREADS=1")
      nnlab_index_add("{\"kind\": \"test\", \"chapter\": \"${chapter}\", \"exercise\": \"${id}\", \"variant\": \"${variant}\", \"target\": \"${exe}\", \"path\": \"$<TARGET_FILE:${exe}>\", \"source\": \"tests/${chapter}/${fname}\"}")
    endforeach()
  endforeach()

  # ---- demos ------------------------------------------------------------------------------
  file(GLOB demos CONFIGURE_DEPENDS ${dir}/examples/*.cpp)
  foreach(src IN LISTS demos)
    get_filename_component(name ${src} NAME_WE)
    set(obj ${topic}_demo_${name}_obj)
    add_library(${obj} OBJECT ${src})
    target_link_libraries(${obj} PUBLIC ${topic}_contract)
    nnlab_use_pch(${obj})
    foreach(variant IN LISTS variants)
      set(exe ${topic}_demo_${name}_${variant})
      add_executable(${exe} $<TARGET_OBJECTS:${obj}>)
      target_link_libraries(${exe} PRIVATE ${topic}_${variant})
      set_target_properties(${exe} PROPERTIES
        OUTPUT_NAME ${name}-${variant}
        RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin/demos)
      nnlab_index_add("{\"kind\": \"demo\", \"chapter\": \"${chapter}\", \"name\": \"${name}\", \"variant\": \"${variant}\", \"target\": \"${exe}\", \"path\": \"$<TARGET_FILE:${exe}>\"}")
    endforeach()
  endforeach()

  # ---- benchmarks: bench/NN_topic/*_bench.cpp, one program per variant (nnlab_bench.cmake) --
  nnlab_add_benches(${chapter} ${topic} "${variants}")
endfunction()

# Writes build/nnlab_index.json: every chapter, test executable and demo, for the nnlab tool.
function(nnlab_write_index)
  get_property(entries GLOBAL PROPERTY NNLAB_INDEX_ENTRIES)
  if(NNLAB_HAVE_CUDA)
    set(NNLAB_HAVE_CUDA_JSON true)
  else()
    set(NNLAB_HAVE_CUDA_JSON false)
  endif()
  list(JOIN entries ",\n  " body)
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/nnlab_index.json CONTENT
"{
  \"source_dir\": \"${PROJECT_SOURCE_DIR}\",
  \"binary_dir\": \"${PROJECT_BINARY_DIR}\",
  \"cuda\": ${NNLAB_HAVE_CUDA_JSON},
  \"chain\": \"${NNLAB_CHAIN}\",
  \"build_type\": \"${CMAKE_BUILD_TYPE}\",
  \"entries\": [
  ${body}
  ]
}
")
endfunction()
