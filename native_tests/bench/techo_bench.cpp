// Benchmark driver. Built twice from this one source, natively and for wasm, and run by
// scripts/bench, which puts the two side by side. Prints one JSON object per figure:
//   {"figure": "...", "median_ms": ..., "runs": ..., "bytes": ...}
// The figures go through techo::api::Session, the path a user's data really takes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "techo/api.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "techo_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

template <typename Work>
double median_ms(int runs, Work&& work) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    work();
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// Parse + store: a fresh in-memory vault each run, every file imported as a person would.
int bench_import_fhir(const std::vector<std::string>& paths, int runs) {
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (const auto& p : paths) {
    files.push_back(read_file(p));
    bytes += files.back().size();
  }
  bool failed = false;
  double ms = median_ms(runs, [&] {
    techo::api::Session session;
    session.open(":memory:");
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (session.import_fhir(files[i], paths[i]).rfind("{\"ok\":true", 0) != 0) failed = true;
    }
  });
  if (failed) {
    std::fprintf(stderr, "techo_bench: an import failed\n");
    return 1;
  }
  std::printf("{\"figure\": \"import_fhir\", \"median_ms\": %.3f, \"runs\": %d, \"bytes\": %zu}\n", ms, runs, bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: techo_bench import_fhir RUNS FILE...\n");
    return 2;
  }
  const std::string figure = argv[1];
  const int runs = std::max(1, std::atoi(argv[2]));
  std::vector<std::string> paths(argv + 3, argv + argc);
  if (figure == "import_fhir") return bench_import_fhir(paths, runs);
  std::fprintf(stderr, "techo_bench: unknown figure %s\n", figure.c_str());
  return 2;
}
