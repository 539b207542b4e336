#pragma once
/// @file
/// Manifest consistency, part (c) of the self-test: graded tests, manifests, stubs and
/// solutions agree.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "nnlab/tool/manifest.hpp"
#include "nnlab/tool/test_result.hpp"

namespace nnlab::tool {

/// One check of the self-test.
struct Check {
  std::string name;
  bool ok = false;
  bool skipped = false;  ///< could not be checked in this build (says why in `message`)
  std::string message;   ///< what is wrong (or why skipped)
};

/// Checks one chapter's manifest against the graded tests its binaries list:
/// - exercise ids are unique and start with the chapter number ("01.");
/// - every graded test's suite belongs to exactly one exercise;
/// - each exercise's points equal the sum of its graded tests' points, and every suite it
///   lists has graded tests;
/// - each exercise file exists and contains "NotImplemented";
/// - solutions/<chapter>/<same file name> exists;
/// - each exercise has at least two hints.
/// Exercises in `unavailable` (not built here) have their test-dependent checks skipped.
std::vector<Check> check_manifest(const Manifest& manifest, const std::filesystem::path& root,
                                  const std::vector<GradedTest>& graded,
                                  const std::set<std::string>& unavailable = {});

}  // namespace nnlab::tool
