/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kakanai-card.h: libkakanai-card, reading the My Number card */
#pragma once

#include "kakanai-card-error.h"
#include "kakanai-tlv.h"
#include "kakanai-transport.h"
#include "kakanai-apdu.h"
#include "kakanai-card-record.h"
#include "kakanai-mynumber.h"
#include "kakanai-pcsc.h"
