# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
# Turns a text file (an OpenCL kernel) into a C source defining
#     const unsigned char <SYMBOL>[] = {..., 0};   and   const unsigned long <SYMBOL>_len;
# so that the text is part of the binary and no source path is needed at run time.
# Run as a script: cmake -DINPUT=in.cl -DOUTPUT=out.c -DSYMBOL=name -P GiEmbedText.cmake
foreach(var INPUT OUTPUT SYMBOL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "GiEmbedText.cmake: -D${var}=... is required")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR len "${hex_len} / 2")
# Bytes as 0xNN, 16 per line: an array rather than a string literal, so that no length limit of
# string literals (C11: 4095 characters) applies and nothing needs escaping; unsigned, so that
# UTF-8 bytes in comments stay in range.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n    " bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${name} by cmake/GiEmbedText.cmake: do not edit. */\n"
  "const unsigned char ${SYMBOL}[] = {\n    ${bytes}0x00};\n"
  "const unsigned long ${SYMBOL}_len = ${len}ul;\n")
# Only touch the output when it changed, so that editing a comment elsewhere rebuilds nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
