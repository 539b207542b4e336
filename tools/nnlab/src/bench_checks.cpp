#include "nnlab/tool/bench_checks.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "nnlab/tool/bench_report.hpp"
#include "nnlab/tool/bench_runner.hpp"

namespace nnlab::tool {
namespace {

bool allowed_skip(const std::string& error) {
  return error.rfind("no GPU", 0) == 0 || error.rfind("not enough GPU memory", 0) == 0;
}

}  // namespace

std::vector<Check> check_benchmarks(const Index& index, const std::vector<Manifest>& manifests,
                                    const std::filesystem::path& work_dir) {
  std::vector<Check> checks;
  // Rows of every program, by index position.
  std::map<const BenchEntry*, std::vector<RowName>> rows_of;
  for (const auto& b : index.benches) {
    const std::string name = fmt::format("{}/{}: lists rows named Op/implementation/size",
                                         b.chapter, b.path.filename().string());
    try {
      rows_of[&b] = list_rows(b.path);
      checks.push_back({name, !rows_of[&b].empty(), false,
                        rows_of[&b].empty() ? "it lists no rows" : ""});
    } catch (const std::exception& e) {
      checks.push_back({name, false, false, e.what()});
    }
  }

  // A short run of each program: solutions measure, stubs skip their student rows.
  BenchRunOptions run;
  for (const auto& b : index.benches) {
    if (!rows_of.count(&b)) continue;
    run.programs.push_back({b.path, fmt::format("{}.{}-{}", b.chapter, b.stem(), b.variant),
                            b.variant, b.gpu, ""});
  }
  run.rounds = 1;
  run.min_time = 0.001;
  run.work_dir = work_dir;
  run.timeout_s = 300;
  const auto result = run_benchmarks(run);
  for (const auto& p : result.problems) checks.push_back({"a bench program runs", false, false, p});
  for (const auto& r : result.runs) {
    for (const auto& row : r.rows) {
      Check c;
      if (r.variant == "solution") {
        c.name = fmt::format("{}: {} runs", r.program, row.id.str());
        c.ok = !row.error || allowed_skip(row.error_message);
        c.skipped = row.error && c.ok;
        c.message = row.error ? row.error_message : "";
      } else {
        c.name = fmt::format("{}: {} is skipped on the stub", r.program, row.id.str());
        const bool not_implemented = row.error && row.error_message.rfind("not implemented", 0) == 0;
        c.ok = not_implemented || (row.error && allowed_skip(row.error_message));
        c.skipped = c.ok && !not_implemented;
        c.message = !row.error ? "DEFECT: a student row ran against the unimplemented stub"
                               : row.error_message;
        if (c.ok && !c.skipped) c.message.clear();
      }
      checks.push_back(std::move(c));
    }
  }

  // The targets a program sets name a row and a row to compare it with; the two may come from
  // the two programs of one bench source (a student row against the solution program's copy).
  std::vector<const BenchRow*> all_rows;
  for (const auto& r : result.runs) {
    for (const auto& x : r.rows) all_rows.push_back(&x);
  }
  for (const auto& r : result.runs) {
    for (const auto& [key, target] : bench_targets({r})) {
      const auto id = parse_row_name(key);
      bool has_row = false, has_other = false;
      for (const BenchRow* x : all_rows) {
        if (!id) break;
        has_row = has_row || x->id.str() == id->str();
        has_other = has_other || (x->id.op == id->op && x->id.size == id->size &&
                                  x->id.implementation == target.against);
      }
      checks.push_back({fmt::format("{}: target {} names rows that exist", r.program, key),
                        has_row && has_other, false,
                        !has_row ? "no bench program has a row " + key
                        : !has_other ? "no bench program has a " + target.against +
                                           " row of that op and size"
                                     : ""});
    }
  }
  // Perf specs name rows that exist.
  for (const auto& m : manifests) {
    for (const auto& e : m.exercises) {
      if (!e.perf) continue;
      const auto& spec = *e.perf;
      const std::string name = fmt::format("{}: performance rows {}/reference and {}/student exist{}",
                                           e.id, spec.benchmark, spec.benchmark,
                                           spec.size.empty() ? "" : " of size " + spec.size);
      std::set<std::string> ref_sizes, stu_sizes;
      for (const auto& [b, rows] : rows_of) {
        if (b->chapter != m.chapter) continue;
        for (const auto& r : rows) {
          if (r.op != spec.benchmark) continue;
          if (b->variant == "solution" && r.implementation == "reference") ref_sizes.insert(r.size);
          if (b->variant == "exercise" && r.implementation == "student") stu_sizes.insert(r.size);
        }
      }
      bool common = false;
      for (const auto& s : ref_sizes) {
        if (stu_sizes.count(s) && (spec.size.empty() || s == spec.size)) common = true;
      }
      if (index.benches.empty()) {
        checks.push_back({name, true, true, "this build has no bench programs"});
      } else if (!common && !index.cuda && ref_sizes.empty()) {
        checks.push_back({name, true, true,
                          "not found in a build without CUDA (a GPU op's programs are not built)"});
      } else {
        checks.push_back({name, common, false,
                          common ? "" : fmt::format("reference sizes: {}, student sizes: {}",
                                                    ref_sizes.size(), stu_sizes.size())});
      }
    }
  }
  return checks;
}

}  // namespace nnlab::tool
