package settings

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
)

// serverTab is 连接单位服务器: the office's server this desktop opens the
// ledger on (parts.ServerForm), the address saved shown; 不再自动连接
// makes the next start open the ledger file again and removes the saved
// password.
func (s *Screen) serverTab() *container.TabItem {
	saved, _, err := s.w.Server().Saved()
	if err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	s.server = parts.NewServerForm(s.w.Window(), saved, s.w.ConnectServer)
	s.server.Form.AddButton(widget.NewButton("不再自动连接", func() {
		if err := s.w.Server().Forget(); err != nil {
			kit.ShowError(s.w.Window(), err)
			return
		}
		dialog.ShowInformation("不再自动连接", "下次启动时打开本机的台账文件；保存的服务器密码已删除。", s.w.Window())
	}))
	return container.NewTabItem("连接单位服务器", kit.Narrow(760, s.server.Form.Widget()))
}
