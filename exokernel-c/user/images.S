/* The PD images the orchestrator loads. */
    .section .rodata
    .macro image name
    .balign 4096
    .global \name\()_image, \name\()_image_end
\name\()_image:
    .incbin "\name\().bin"
\name\()_image_end:
    .endm
    image worker
    image driver
    image intruder
    image fuzzer
