# Turns migrations/NNNN_name.sql into a C++ source with the SQL as raw string literals, so the
# binary carries its schema and `magpie migrate` needs no files beside it.
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" _ "${name}")
  set(version "${CMAKE_MATCH_1}")
  set(label "${CMAKE_MATCH_2}")
  math(EXPR version "${version} + 0")
  file(READ "${f}" sql)
  string(APPEND body "      {${version}, \"${label}\", R\"magpie_sql(${sql})magpie_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from storage/sqlite/migrations/*.sql by embed_migrations.cmake. Do not edit.
#include \"storage/sqlite/database.h\"

namespace magpie::storage::sqlite {

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace magpie::storage::sqlite
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
