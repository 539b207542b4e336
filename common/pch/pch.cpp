// Compiled only to produce the shared precompiled header (see common/CMakeLists.txt).
