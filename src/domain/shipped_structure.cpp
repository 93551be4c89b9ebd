#include "domain/shipped_structure.hpp"

#include <algorithm>
#include <vector>

namespace ks::domain {

Result<StructureBatch> shipped_batch(std::string_view folder) {
  std::vector<EmbeddedFile> files;
  const std::string prefix = std::string(folder) + "/";
  for (const auto& f : data::embedded_files())
    if (f.path.starts_with(prefix) && f.path.ends_with(".csv")) files.push_back(f);
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  StructureBatch all;
  for (const auto& f : files) all.append(KS_TRY(parse_structure_csv(f.data, f.path)));
  return all;
}

} // namespace ks::domain
