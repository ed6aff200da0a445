# Compiles every data/*.tsv into a C++ source defining `tracesan::data::<stem>` as a string_view,
# so tables are data files in the repo yet need nothing at run time. Parsers over these strings
# live in the library (e.g. lib/detect/AadCodes.cpp).
function(tracesan_embed_data out_var out_dir)
  file(GLOB data_files CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/data/*.tsv")
  set(sources "")
  foreach(data ${data_files})
    get_filename_component(stem "${data}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${stem}" ident)
    set(out "${out_dir}/data_${ident}.cpp")
    add_custom_command(OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -DIN=${data} -DOUT=${out} -DIDENT=${ident} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedFile.cmake"
      DEPENDS "${data}" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedFile.cmake"
      COMMENT "Embedding data/${stem}.tsv")
    list(APPEND sources "${out}")
  endforeach()
  set(${out_var} ${sources} PARENT_SCOPE)
endfunction()
