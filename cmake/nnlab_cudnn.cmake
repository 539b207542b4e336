# cuDNN, optional: the ceiling rows of the convolution benchmarks (chapter 03) and the
# provided wrapper nnlab::cnn::conv2d_cudnn. Debian's CUDA packages have no CUDA::cudnn target,
# so the library and header are looked up here, next to the CUDA toolkit.
#
# Sets NNLAB_HAVE_CUDNN and, when ON, the imported target nnlab::cudnn and the definition
# NNLAB_HAVE_CUDNN=1 for CUDA sources only (host C++ targets keep sharing the one precompiled
# header, so they ask nnlab::cnn::cudnn_available() at run time instead). Without cuDNN
# everything still builds: conv2d_cudnn then throws and its tests and bench rows skip.
# Included by nnlab_chapter.cmake at the top level, after the CUDA language is set up.

set(NNLAB_HAVE_CUDNN OFF)
if(NNLAB_HAVE_CUDA)
  find_library(NNLAB_CUDNN_LIBRARY NAMES cudnn
               HINTS ${CUDAToolkit_LIBRARY_DIR} ${CUDAToolkit_LIBRARY_ROOT}/lib64
                     ${CUDAToolkit_LIBRARY_ROOT}/lib)
  find_path(NNLAB_CUDNN_INCLUDE_DIR NAMES cudnn.h HINTS ${CUDAToolkit_INCLUDE_DIRS})
  if(NNLAB_CUDNN_LIBRARY AND NNLAB_CUDNN_INCLUDE_DIR)
    set(NNLAB_HAVE_CUDNN ON)
    add_library(nnlab_cudnn INTERFACE IMPORTED GLOBAL)
    add_library(nnlab::cudnn ALIAS nnlab_cudnn)
    target_link_libraries(nnlab_cudnn INTERFACE ${NNLAB_CUDNN_LIBRARY})
    target_include_directories(nnlab_cudnn SYSTEM INTERFACE ${NNLAB_CUDNN_INCLUDE_DIR})
    add_compile_definitions($<$<COMPILE_LANGUAGE:CUDA>:NNLAB_HAVE_CUDNN=1>)
  endif()
  message(STATUS "nnlab: cuDNN ${NNLAB_HAVE_CUDNN} ${NNLAB_CUDNN_LIBRARY}")
endif()
