/* kakanai-ruby-label-private.h: the geometry of a ruby label, for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kakanai-ruby-label.h"

G_BEGIN_DECLS

/* Where the @index-th reading and its base are drawn at the current width, in the
 * widget's coordinates. FALSE when there is no such reading. */
gboolean kakanai_ruby_label_get_ruby_extents (KakanaiRubyLabel *self,
                                              guint             index,
                                              graphene_rect_t  *base,
                                              graphene_rect_t  *reading);
/* How many lines the base text takes at the current width. */
int      kakanai_ruby_label_get_line_count   (KakanaiRubyLabel *self);

G_END_DECLS
