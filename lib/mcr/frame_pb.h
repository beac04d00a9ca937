/*
 * The protobuf-c code generated from proto/mcr.proto (by the project's
 * Makefile into proto/; see proto/subdir.am), for code that finds libmcr
 * headers through -I<top>/lib, as mcrouted's FRR build does.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_FRAME_PB_H
#define MCR_FRAME_PB_H

#include "../../proto/mcr.pb-c.h"

#endif /* MCR_FRAME_PB_H */
