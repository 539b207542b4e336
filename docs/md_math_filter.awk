# Doxygen input filter for the Markdown guides (docs/Doxyfile.in, FILTER_PATTERNS): Doxygen 1.9
# does not read `$...$` and `$$...$$` maths as GitHub does, so this turns them into its own
# \f$...\f$ and \f[...\f] (rendered by MathJax). Fenced code blocks and inline code spans are
# copied unchanged.
/^[ \t]*```/ { fence = !fence; print; next }
fence { print; next }
{
  line = $0
  out = ""
  code = 0
  for (i = 1; i <= length(line); ++i) {
    c = substr(line, i, 1)
    if (c == "`") { code = !code; out = out c; continue }
    if (c == "$" && !code) {
      if (substr(line, i + 1, 1) == "$") {
        out = out (block ? "\\f]" : "\\f[")
        block = !block
        ++i
      } else {
        out = out "\\f$"
      }
      continue
    }
    out = out c
  }
  print out
}
