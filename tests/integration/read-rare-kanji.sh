#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Characters outside the BMP and compatibility ideographs survive pcscd unchanged.
. "$(dirname "$0")/lib.sh"
read_card 1234
expect_success '{"name":"髙﨑　𠮷太郎","address":"東京都葛飾区立石5丁目13番1号","birth_date":"1975-12-31","sex":"male"}'
