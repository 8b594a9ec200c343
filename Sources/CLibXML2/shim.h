// libxml2's XML Schema validation, for tests that check our JUnit output against junit.xsd.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the ICU copy Foundation ships
// (`UErrorCode` defined twice). Nothing used here touches the ICU converter fields, which only
// sit behind pointers, so the ICU include is skipped.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
