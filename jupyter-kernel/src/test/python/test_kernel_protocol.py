"""Protocol tests of the rmfer4j kernel with Debian's jupyter_kernel_test (kernel_info included: the kernel adds the
"status" field jjava-jupyter 1.0-a6 leaves out), plus interrupt, the trailing-semicolon rule and the magics.
"""
import unittest

import jupyter_kernel_test


class RmferKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "rmfer4j"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "int x = 1 + 2;\nx * 10", "result": "30"},
        {"code": '"rmfer" + 4 + "j"', "result": "rmfer4j"},
    ]
    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
    ]
    completion_samples = [{"text": '"abc".toUpp', "matches": {"toUpperCase("}}]
    complete_code_samples = ["1 + 1", "int y = 2;", "class A { }"]
    incomplete_code_samples = ["class B {", "for (int i = 0; i < 3; i++) {"]
    invalid_code_samples = ["}", "int x = );"]
    code_inspect_sample = "Math.max"
    code_generate_error = "undefinedVariable + 1"

    def test_trailing_semicolon_hides_the_value(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(code="6 * 7;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse([o for o in outputs if o["msg_type"] == "execute_result"])

    def test_toolkit_is_on_the_class_path(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(code="ClassOrder.AFFECTNET_7.size()")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "7")

    def test_load_magic_runs_a_script(self):
        import os
        import tempfile
        path = os.path.join(tempfile.mkdtemp(), "helpers.jsh")
        with open(path, "w") as f:
            f.write("int triple(int x) { return 3 * x; }\n")
        self.flush_channels()
        reply, outputs = self.execute_helper(code="%load " + path)
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        reply, outputs = self.execute_helper(code="triple(14)")
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_classpath_magic_rejects_a_missing_path(self):
        self.flush_channels()
        reply, outputs = self.execute_helper(code="%classpath /no/such/dir/lib.jar")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("/no/such/dir/lib.jar", reply["content"]["evalue"] + "".join(reply["content"]["traceback"]))

    def test_interrupt_stops_a_long_cell(self):
        self.flush_channels()
        msg_id = self.kc.execute("while (true) { Thread.onSpinWait(); }")
        import time
        time.sleep(2)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        # the kernel survived and still answers
        self.flush_channels()
        reply, outputs = self.execute_helper(code="1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
