package app

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// GraphicsError says that the workbench's window cannot open: Fyne draws
// with OpenGL 2.1, which virtual machines, remote desktops and old PCs may
// lack. Its message says what to do, in full.
type GraphicsError struct {
	Detail string // what GLFW said, for whoever helps the office
}

func (e *GraphicsError) Error() string {
	if runtime.GOOS == "windows" {
		dir := `C:\Program Files\xiaoneng`
		if exe, err := os.Executable(); err == nil {
			dir = filepath.Dir(exe)
		}
		return fmt.Sprintf("无法打开效能台账的窗口：这台电脑的显卡驱动不提供 OpenGL 2.1"+
			"（虚拟机、远程桌面和较旧的电脑上常见）。\n\n解决办法（任选其一）：\n"+
			"1. 安装或更新显卡驱动；\n"+
			"2. 使用 Mesa 软件渲染：下载 Mesa3D for Windows（mesa-dist-win 发布的 release-msvc 压缩包），"+
			"解压后运行其中的 perappdeploy.cmd，按提示输入效能台账所在的文件夹 %s 并选择 64 位；"+
			"或者把压缩包 x64 文件夹中的 opengl32.dll、libgallium_wgl.dll 和 libglapi.dll（有哪个复制哪个）复制到该文件夹。\n"+
			"然后重新打开效能台账。\n\n技术信息：%s", dir, e.Detail)
	}
	return fmt.Sprintf("无法打开效能台账的窗口：没有图形桌面，或者没有 OpenGL 2.1。"+
		"请在图形桌面中打开效能台账；如仍不行，请安装 Mesa 的 OpenGL 驱动"+
		"（sudo apt-get install libgl1-mesa-dri libglx-mesa0）后重试。\n\n技术信息：%s", e.Detail)
}
